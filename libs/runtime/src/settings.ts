/** A process environment, or any object standing in for one. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * One setting of a service: how it is read from the environment, with its default. Reading throws
 * an Error naming the variable when its value means nothing, so a service refuses to start rather
 * than guess.
 */
export class Setting<T> {
  constructor(
    /** The variable it reads, for the reader of a schema (some settings read several). */
    readonly variable: string,
    readonly read: (env: Env) => T,
  ) {}
}

/** A service's settings: settings, or groups of them. */
export interface SettingsSchema {
  readonly [key: string]: Setting<unknown> | SettingsSchema;
}

/** The values a schema reads. */
export type SettingsOf<S extends SettingsSchema> = {
  -readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : S[K] extends SettingsSchema ? SettingsOf<S[K]> : never;
};

const blank = (raw: string | undefined): raw is undefined => raw === undefined || raw.trim() === '';

/** A positive integer (a port, a count, milliseconds). */
export const positiveInteger = (variable: string, fallback: number): Setting<number> =>
  new Setting(variable, (env) => {
    const raw = env[variable];
    if (blank(raw)) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${variable} must be a positive integer, got "${raw}"`);
    return value;
  });

/** Free text (a URL, a name), as given. */
export const text = (variable: string, fallback: string): Setting<string> =>
  new Setting(variable, (env) => env[variable] ?? fallback);

/** One of `values`, read case-insensitively. */
export const oneOf = <T extends string>(variable: string, values: readonly T[], fallback: T): Setting<T> =>
  new Setting(variable, (env) => {
    const raw = env[variable];
    if (blank(raw)) return fallback;
    const value = values.find((known) => known === raw.trim().toLowerCase());
    if (!value) throw new Error(`${variable} must be one of ${values.join(', ')}, got "${raw}"`);
    return value;
  });

/** What `read` makes of the environment, for a setting no builder above fits (a secret, a list). */
export const custom = <T>(variable: string, read: (env: Env) => T): Setting<T> => new Setting(variable, read);

function readSchema<S extends SettingsSchema>(schema: S, env: Env): SettingsOf<S> {
  const values: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(schema)) {
    values[key] = entry instanceof Setting ? entry.read(env) : readSchema(entry as SettingsSchema, env);
  }
  return values as SettingsOf<S>;
}

/** A service's settings, declared once: what it reads, with each default, and the rules between them. */
export interface SettingsDefinition<T> {
  read(env?: Env): T;
}

/**
 * Declares the settings of a service. `check` states what holds between settings (one timeout
 * shorter than another, say) and throws, naming the variables, when it does not.
 */
export function defineSettings<S extends SettingsSchema>(
  schema: S,
  check?: (settings: SettingsOf<S>) => void,
): SettingsDefinition<SettingsOf<S>> & { schema: S } {
  return {
    schema,
    read(env: Env = process.env) {
      const settings = readSchema(schema, env);
      check?.(settings);
      return settings;
    },
  };
}
