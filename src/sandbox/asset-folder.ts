import express, { type RequestHandler } from 'express';
import { ApiError } from '../errors/api-error.ts';

/**
 * Serves the files of `dir` with `headers`. A miss (a typo, a traversal attempt, a directory) falls through
 * to a plain 404 saying `missing`: no 500, no redirect page, and no error log carrying the absolute path of
 * the file that was looked for. Mount with `router.use(prefix, ...assetFolder(...))`.
 */
export function assetFolder(dir: string, headers: Readonly<Record<string, string>>, missing: string): RequestHandler[] {
  return [
    express.static(dir, { fallthrough: true, index: false, redirect: false, setHeaders: (res) => res.set(headers) }),
    (_req, _res, next) => next(new ApiError('not_found', undefined, missing)),
  ];
}
