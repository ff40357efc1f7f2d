/**
 * Fills a prefetch template's tokens (CDS Hooks 2.0 §Prefetch tokens): `{{context.x}}` for a
 * root-level primitive context field, and the user tokens derived from `context.userId`.
 * Returns undefined when a token cannot be filled, so the key is treated as unobtainable.
 */
export function renderPrefetchTemplate(template: string, context: Readonly<Record<string, unknown>>): string | undefined {
  let unresolved = false;
  const rendered = template.replace(/\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g, (_, token: string) => {
    const value = tokenValue(token, context);
    if (value === undefined) {
      unresolved = true;
      return '';
    }
    return encodeURIComponent(value);
  });
  return unresolved ? undefined : rendered;
}

const USER_TOKENS: Readonly<Record<string, string>> = {
  userPractitionerId: 'Practitioner',
  userPractitionerRoleId: 'PractitionerRole',
  userPatientId: 'Patient',
  userRelatedPersonId: 'RelatedPerson',
};

function tokenValue(token: string, context: Readonly<Record<string, unknown>>): string | undefined {
  if (token.startsWith('context.')) {
    const value = context[token.slice('context.'.length)];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  }
  const type = USER_TOKENS[token];
  const userId = context.userId;
  if (type && typeof userId === 'string' && userId.startsWith(`${type}/`)) return userId.slice(type.length + 1);
  return undefined;
}
