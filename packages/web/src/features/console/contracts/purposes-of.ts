import type { PurposeInput, ServiceRequestDetail } from '@fpr/contract';

/** One purpose per requested scope, as the organisation motivated it; the reviewer adjusts before granting. */
export function purposesOf(request: ServiceRequestDetail, today: string): PurposeInput[] {
  return request.scopes.map((scope) => ({
    legalBasis: scope.legalBasis,
    purpose: scope.purpose,
    ...(scope.fields ? { fields: scope.fields } : { scopes: [scope.scope] }),
    channels: [...request.channels],
    environments: [...request.environments],
    monitoring: request.wantsMonitoring,
    validFrom: today,
    requiresCaseReference: false,
  }));
}
