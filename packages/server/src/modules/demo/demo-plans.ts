import type { PurposeInput, ServiceRequestInput, StaffRole } from '@fpr/contract';

// The demo's people and organisations, as data: demo-access.ts walks them through the lifecycle.

export const staff: Array<{ role: StaffRole; username: string; displayName: string }> = [
  { role: 'administrator', username: 'pmlp.admin', displayName: 'Ilze Administratore' },
  { role: 'reviewer', username: 'pmlp.reviewer', displayName: 'Mārtiņš Izskatītājs' },
  { role: 'accountant', username: 'pmlp.accountant', displayName: 'Dace Grāmatvede' },
  { role: 'registrar', username: 'pmlp.registrar', displayName: 'Andris Reģistrētājs' },
];

export interface DemoOrganisationPlan {
  name: string;
  registrationNumber: string;
  legalForm: 'publicLaw' | 'privateLaw';
  feeExemptionReason?: string;
  prefix: string;
  /** A prepayment for organisations that pay the state fee. */
  prepaidCents?: number;
  request: ServiceRequestInput;
  purposes: Array<Omit<PurposeInput, 'validFrom' | 'channels' | 'environments'>>;
}

const contactPersons = (name: string, email: string) => [{ name, email, phone: '+371 67 000 000' }];

/** Registration numbers with valid check digits (DOMAIN §5). */
export const organisationPlans: DemoOrganisationPlan[] = [
  {
    name: 'Valsts ieņēmumu dienests (demo)',
    registrationNumber: '90000069281',
    legalForm: 'publicLaw',
    feeExemptionReason: 'Public institution performing state functions; cooperates free of charge',
    prefix: 'vid',
    request: {
      title: 'Tax administration: identity, residence and monitoring of taxpayers',
      scopes: [
        {
          scope: 'identity',
          legalBasis: 'Likums "Par nodokļiem un nodevām", 18. panta 1. daļa',
          purpose: 'Identify taxpayers',
        },
        {
          scope: 'residence',
          legalBasis: 'Likums "Par nodokļiem un nodevām", 18. panta 1. daļa',
          purpose: 'Serve tax decisions at the declared address',
        },
        {
          scope: 'death',
          legalBasis: 'Likums "Par nodokļiem un nodevām", 18. panta 1. daļa',
          purpose: 'Close the tax accounts of deceased persons',
        },
      ],
      channels: ['api', 'pdp'],
      environments: ['test', 'production'],
      expectedSystemUsers: 3,
      wantsMonitoring: true,
      contactPersons: contactPersons('Laura Ozola', 'laura.ozola@vid.example.lv'),
    },
    purposes: [
      {
        legalBasis: 'Likums "Par nodokļiem un nodevām", 18. panta 1. daļa',
        purpose: 'Taxpayer identification, addresses and deaths, with monitoring of taxpayers',
        scopes: ['identity', 'residence', 'death'],
        monitoring: true,
      },
    ],
  },
  {
    name: 'AS Demo Banka',
    registrationNumber: '40003000002',
    legalForm: 'privateLaw',
    prefix: 'banka',
    prepaidCents: 100_000,
    request: {
      title: 'Customer due diligence (AML/CFT)',
      scopes: [
        {
          scope: 'identity',
          legalBasis: 'Noziedzīgi iegūtu līdzekļu legalizācijas novēršanas likums, 11. panta 1. daļa',
          purpose: 'Verify the identity of customers',
        },
        {
          scope: 'documents',
          legalBasis: 'Noziedzīgi iegūtu līdzekļu legalizācijas novēršanas likums, 11. panta 1. daļa',
          purpose: 'Check that the presented identity document is valid',
        },
        {
          scope: 'residence',
          fields: ['residence.declaredAddress'],
          legalBasis: 'Noziedzīgi iegūtu līdzekļu legalizācijas novēršanas likums, 11. panta 1. daļa',
          purpose: 'Know the customer’s declared address',
        },
      ],
      channels: ['api', 'pdp'],
      environments: ['test', 'production'],
      expectedSystemUsers: 2,
      wantsMonitoring: true,
      contactPersons: contactPersons('Edgars Liepa', 'edgars.liepa@banka.example.lv'),
    },
    purposes: [
      {
        legalBasis: 'Noziedzīgi iegūtu līdzekļu legalizācijas novēršanas likums, 11. panta 1. daļa',
        purpose: 'Customer due diligence with monitoring of customers',
        scopes: ['identity', 'documents'],
        fields: ['residence.declaredAddress'],
        monitoring: true,
        requiresCaseReference: true,
      },
    ],
  },
];
