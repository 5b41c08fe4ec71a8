import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems, COMMON_PROBLEMS } from '../openapi/api-problems.decorator';
import { ErrorDocs } from './error-docs.service';

export const MARKDOWN_CONTENT_TYPE = 'text/markdown; charset=utf-8';

/**
 * The pages behind every problem's `type`: `/errors/<code>`, a relative reference resolved against
 * the gateway's URL. Public, like any documentation: no API key is asked for.
 */
@ApiTags('errors')
@Controller('errors')
export class ErrorsController {
  constructor(private readonly docs: ErrorDocs) {}

  @Get(':code')
  @ApiOperation({ summary: 'The page behind a problem type', description: 'Every problem `type` is /errors/<code>.' })
  @ApiOkResponse({ description: 'The page, in Markdown.', content: { 'text/markdown': { schema: { type: 'string' } } } })
  @ApiProblems(404, ...COMMON_PROBLEMS)
  page(@Param('code') code: string, @Res({ passthrough: true }) response: Response): string {
    const page = this.docs.page(code);
    // The ProblemFilter renders it as a 404 route_not_found problem.
    if (page === undefined) throw new NotFoundException();
    // Set only once there is a page, so that a 404 is neither markdown nor cached.
    response.setHeader('Content-Type', MARKDOWN_CONTENT_TYPE);
    response.setHeader('Cache-Control', 'public, max-age=300');
    return page;
  }
}
