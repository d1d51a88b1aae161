import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiError } from '../api-error';
import { jsonShapeProblems } from './json-shape';

/**
 * The first validation layer, global: every body, query and path parameter of every
 * route passes jsonShapeProblems before any route pipe, schema or handler sees it —
 * also the routes whose body is not a zod schema (ingestion) and the path ids that go
 * straight to a query. A failure is the same 400 as the zod pipe's, naming the field.
 */
@Injectable()
export class InputShapePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const problems = jsonShapeProblems(value, metadata.data ?? '');
    if (problems.length) throw ApiError.validation(problems);
    return value;
  }
}
