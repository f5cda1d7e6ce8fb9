import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';

import { isSignedIn, isUuid, ownOrganizationId } from '../../../../platform/caller.js';
import { CLIENT_FACING_CODES, ErrorCode } from '../../../../platform/errors.js';
import { withStorableText } from '../../../../platform/storable-text.js';
import type { IncidentsContext } from '../context.js';
import { toJson } from '../incident/report-content.js';
import { RefusedSubmission } from './refused-submission.entity.js';

function refusalCode(error: unknown): string | undefined {
  if (error instanceof OptimisticLockError || error instanceof UniqueConstraintViolationException) return ErrorCode.CONFLICT;
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  return typeof code === 'string' && CLIENT_FACING_CODES.has(code) ? code : undefined;
}

/**
 * Nothing a user submitted is lost, even when refused: a submission that fails validation, is
 * stale or is not permitted is kept as it arrived, in its own transaction (the refused one was
 * rolled back), then the refusal goes back to the caller unchanged. Characters no database can
 * store (NUL, unpaired surrogates — refused for that very reason) are kept as U+FFFD.
 */
export const KeepRefusedSubmissions: MiddlewareFn<IncidentsContext> = async ({ args, context, info }, next) => {
  try {
    return await next();
  } catch (error) {
    const code = refusalCode(error);
    if (code && isSignedIn(context.caller)) {
      const input = (args.input ?? args) as { incidentId?: unknown; organizationId?: unknown };
      try {
        const em = context.orm.em.fork();
        em.create(RefusedSubmission, {
          operation: info.fieldName,
          organizationId: ownOrganizationId(context.caller) ?? null,
          incidentId: typeof input.incidentId === 'string' && isUuid(input.incidentId) ? input.incidentId : null,
          submittedBy: context.caller.subject,
          submitterRole: context.caller.role,
          arguments: withStorableText(toJson(args)) as Record<string, unknown>,
          errorCode: code,
          errorMessage: withStorableText((error as Error).message),
          submittedAt: new Date(),
        });
        await em.flush();
      } catch (keepError) {
        context.log.error({ err: keepError }, 'could not keep a refused submission');
      }
    }
    throw error;
  }
};
