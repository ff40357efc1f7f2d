// Valid CDS Hooks 2.0 bodies, shaped after the spec's worked examples. Tests clone and break them.

const HOOK_INSTANCE = 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea';

export function patientViewRequest(): Record<string, unknown> {
  return {
    hook: 'patient-view',
    hookInstance: HOOK_INSTANCE,
    fhirServer: 'https://fhir.example.org/r4',
    fhirAuthorization: {
      access_token: 'some-opaque-fhir-access-token',
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'user/Patient.read user/Observation.read',
      subject: 'cds-service4',
      patient: 'p1',
    },
    context: { userId: 'Practitioner/example', patientId: 'p1', encounterId: 'e1' },
    prefetch: {
      patient: { resourceType: 'Patient', id: 'p1' },
      ctc: { resourceType: 'Bundle', type: 'searchset', entry: [] },
      missing: null,
    },
  };
}

export function orderSelectContext(): Record<string, unknown> {
  return {
    userId: 'PractitionerRole/A2340113',
    patientId: 'p1',
    selections: ['ServiceRequest/sr1'],
    draftOrders: {
      resourceType: 'Bundle',
      entry: [{ resource: { resourceType: 'ServiceRequest', id: 'sr1', status: 'draft' } }],
    },
  };
}

export function fullResponse(): Record<string, unknown> {
  return {
    cards: [
      {
        uuid: '4e0a3a1e-3283-4575-ab82-028d55fe2719',
        summary: 'CTC count of 7 per 7.5 mL is above the prognostic threshold',
        detail: 'Counts of **5 or more** per 7.5 mL of blood are associated with shorter survival.',
        indicator: 'warning',
        source: {
          label: 'CTC Advisor',
          url: 'https://ctc-advisor.example.org/about',
          icon: 'https://ctc-advisor.example.org/icon.png',
          topic: { system: 'https://ctc-advisor.example.org/topics', code: 'ctc-prognosis', display: 'CTC prognosis' },
        },
        suggestions: [
          {
            label: 'Order repeat CTC enumeration',
            uuid: 'e56e1945-20b3-4393-8503-a1a20fd73152',
            isRecommended: true,
            actions: [
              {
                type: 'create',
                description: 'Order a repeat CTC count in 3 weeks',
                resource: { resourceType: 'ServiceRequest', status: 'draft', intent: 'proposal' },
              },
            ],
          },
          {
            label: 'Withdraw the draft order',
            actions: [{ type: 'delete', description: 'Remove the duplicate draft', resourceId: 'ServiceRequest/sr1' }],
          },
        ],
        selectionBehavior: 'at-most-one',
        overrideReasons: [{ system: 'https://ctc-advisor.example.org/override', code: 'not-applicable', display: 'Not applicable' }],
        links: [
          { label: 'Guideline', url: 'https://ctc-advisor.example.org/guideline', type: 'absolute' },
          { label: 'CTC trend app', url: 'https://apps.example.org/launch', type: 'smart', appContext: '{"patient":"p1"}' },
        ],
      },
    ],
  };
}

export function discovery(): Record<string, unknown> {
  return {
    services: [
      {
        hook: 'patient-view',
        title: 'CTC advisor',
        description: 'Advisory cards on circulating tumour cell results',
        id: 'ctc-advisor',
        prefetch: { patient: 'Patient/{{context.patientId}}' },
        usageRequirements: 'Needs Observation read access',
      },
    ],
  };
}
