import { type InvalidParam, isScopeName, type ServiceRequestInput, scopeFields } from '@fpr/contract';

/**
 * The rules a schema cannot express: each scope is requested once, and every field path names a
 * field of the scope catalogue that belongs to the scope it narrows. Every failure is listed.
 */
export function requestInputProblems(input: ServiceRequestInput): InvalidParam[] {
  const problems: InvalidParam[] = [];
  const seen = new Set<string>();
  input.scopes.forEach((requested, index) => {
    if (seen.has(requested.scope)) {
      problems.push({ name: `scopes[${index}].scope`, code: 'duplicate', reason: 'is requested twice' });
    }
    seen.add(requested.scope);
    (requested.fields ?? []).forEach((path, fieldIndex) => {
      const problem = fieldPathProblem(path, requested.scope);
      if (problem) problems.push({ name: `scopes[${index}].fields[${fieldIndex}]`, ...problem });
    });
  });
  return problems;
}

function fieldPathProblem(path: string, scope: string): Omit<InvalidParam, 'name'> | undefined {
  const [pathScope = '', field = ''] = path.split('.');
  const isKnown = isScopeName(pathScope) && (scopeFields[pathScope] as readonly string[]).includes(field);
  if (!isKnown) return { code: 'unknownFieldPath', reason: 'is not a field of the scope catalogue' };
  if (pathScope !== scope)
    return { code: 'outsideScope', reason: 'belongs to another scope than the one it narrows' };
  return undefined;
}
