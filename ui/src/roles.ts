// Which client may open which screen. The page asks GET /v1/me who the key
// belongs to and shows itself only to these; the ledger still checks every
// call on its own, so this decides what is offered, not what is allowed.
export const PAGES = ['court', 'bureau', 'company', 'lawfirm'] as const;
export type PageName = (typeof PAGES)[number];

export interface Me {
  clientId: string;
  mspId: string;
  role: string;
  companyId?: string;
}

const COURT_MSP = 'CourtMSP';
const BUREAU_MSP = 'HousingBureauMSP';

/** Whether `me` may open `page`. */
export function pageAllowed(page: PageName, me: Pick<Me, 'mspId' | 'role'>): boolean {
  switch (page) {
    case 'court':
      return me.mspId === COURT_MSP && (me.role === 'mediator' || me.role === 'judge');
    case 'bureau':
      return me.mspId === BUREAU_MSP && me.role === 'regulator';
    case 'company':
      return me.mspId === BUREAU_MSP && me.role === 'property-company';
    case 'lawfirm':
      return me.role === 'lawyer';
  }
}

/** The screen a client lands on after signing in, if any. */
export const homePage = (me: Pick<Me, 'mspId' | 'role'>): PageName | undefined => PAGES.find((p) => pageAllowed(p, me));

export const isPageName = (value: string | undefined): value is PageName => (PAGES as readonly string[]).includes(value ?? '');
