// sax ships no types; these cover what the chart's spec uses to read the SVG back.
declare module 'sax' {
  interface Tag {
    name: string;
    attributes: Record<string, string>;
  }

  interface SAXParser {
    onerror: (error: Error) => void;
    onopentag: (tag: Tag) => void;
    write(xml: string): SAXParser;
    close(): SAXParser;
  }

  /** `strict`: any XML that is not well formed is an error. */
  export function parser(strict: boolean): SAXParser;
}
