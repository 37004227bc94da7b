// The screens' language: Chinese first, English on request (remembered in
// localStorage: a preference, not a secret).
import { en } from './en';
import { zh, type MessageKey } from './zh';

export type Lang = 'zh' | 'en';
export type { MessageKey };

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { zh, en };
const STORAGE_KEY = 'notary.lang';

let current: Lang = 'zh';

export function initLang(storage: Pick<Storage, 'getItem'>): Lang {
  current = storage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  return current;
}

export function setLang(lang: Lang, storage: Pick<Storage, 'setItem'>): void {
  current = lang;
  storage.setItem(STORAGE_KEY, lang);
}

export const lang = (): Lang => current;

export const t = (key: MessageKey): string => DICTIONARIES[current][key];

/** A dispute stage in the reader's language (the stage code itself when the dictionary lacks it). */
export const stageName = (stage: string): string => (DICTIONARIES[current] as Record<string, string>)[`stage.${stage}`] ?? stage;
