// Every screen's start: the header (pages, language, who is signed in), the
// sign-in with an API key kept for this tab, GET /v1/me, and the page itself
// only when the key's role may open it (#refused otherwise).
import { ApiError, forgetKey, get, storedKey, storeKey } from './api';
import { h } from './dom';
import { initLang, lang, setLang, t, type MessageKey } from './i18n';
import { homePage, isPageName, pageAllowed, PAGES, type Me, type PageName } from './roles';

const PAGE_TITLES: Record<PageName, MessageKey> = { court: 'nav.court', bureau: 'nav.bureau', company: 'nav.company', lawfirm: 'nav.lawfirm' };
const PAGE_ROLES: Record<PageName, MessageKey> = { court: 'roles.court', bureau: 'roles.bureau', company: 'roles.company', lawfirm: 'roles.lawfirm' };

const loaders: Record<PageName, () => Promise<{ render: (main: HTMLElement, me: Me) => Promise<void> }>> = {
  court: () => import('./pages/court'),
  bureau: () => import('./pages/bureau'),
  company: () => import('./pages/company'),
  lawfirm: () => import('./pages/lawfirm'),
};

function header(page: PageName | undefined, me: Me | undefined): HTMLElement {
  const links = PAGES.map((p) => h('a', { href: `/ui/${p}`, 'aria-current': p === page ? 'page' : undefined }, t(PAGE_TITLES[p])));
  return h(
    'header',
    {},
    h('strong', {}, t('app.title')),
    h('nav', {}, ...links, h('a', { href: '/judge' }, t('nav.judge'))),
    h(
      'span',
      { class: 'who' },
      me ? h('span', { id: 'whoami' }, `${t('whoami')}: ${me.clientId} (${me.mspId}, ${me.role})`) : null,
      me ? h('button', { id: 'signout', type: 'button', onclick: () => (forgetKey(), location.reload()) }, t('signout')) : null,
      h('button', { id: 'lang', type: 'button', onclick: () => (setLang(lang() === 'zh' ? 'en' : 'zh', localStorage), location.reload()) }, t('lang.switch')),
    ),
  );
}

function signIn(main: HTMLElement, message?: string): void {
  const input = h('input', { id: 'api-key', type: 'password', autocomplete: 'off', required: true, 'aria-label': t('signin.key') });
  const form = h(
    'form',
    { id: 'signin' },
    h('h1', {}, t('signin.title')),
    h('p', {}, t('signin.help')),
    h('label', {}, t('signin.key'), ' ', input),
    h('button', { type: 'submit' }, t('signin.submit')),
    message ? h('p', { class: 'error', id: 'signin-error' }, message) : null,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    storeKey(input.value.trim());
    location.reload();
  });
  main.replaceChildren(form);
}

/** Who the stored key belongs to; undefined (and the key forgotten) when the API does not know it. */
async function whoAmI(): Promise<Me | undefined> {
  try {
    return (await get('/v1/me')) as Me;
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) throw e;
    forgetKey();
    return undefined;
  }
}

async function start(): Promise<void> {
  initLang(localStorage);
  document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  const name = document.body.dataset.page;
  const page = isPageName(name) ? name : undefined;
  const main = h('main', {});
  document.body.replaceChildren(header(page, undefined), main);
  if (!storedKey()) return signIn(main);
  const me = await whoAmI();
  if (!me) return signIn(main, t('signin.bad'));
  document.body.replaceChildren(header(page, me), main);
  const target = page ?? homePage(me);
  if (!target) return;
  if (!pageAllowed(target, me)) {
    main.replaceChildren(
      h('section', { id: 'refused', class: 'refused' }, h('h1', {}, t('refused.title')), h('p', {}, t('refused.body'), t(PAGE_ROLES[target]))),
    );
    return;
  }
  if (!page) return void location.replace(`/ui/${target}`);
  document.title = `${t(PAGE_TITLES[page])} · ${t('app.title')}`;
  main.replaceChildren(h('p', { id: 'loading' }, t('loading')));
  const started = performance.now();
  await (await loaders[page]()).render(main, me);
  document.getElementById('loading')?.remove();
  document.body.dataset.ready = String(Math.round(performance.now() - started));
}

/** A failure anywhere (drawing, a button's call) shown on the page with the API's code, never swallowed. */
function showError(e: unknown): void {
  const message = e instanceof ApiError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
  const banner = h('p', { id: 'page-error', class: 'error', role: 'alert' }, `${t('error')}: ${message}`);
  const earlier = document.getElementById('page-error');
  if (earlier) earlier.replaceWith(banner);
  else document.body.append(banner);
}

window.addEventListener('unhandledrejection', (e) => showError(e.reason));
start().catch(showError);
