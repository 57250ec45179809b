import { link, table } from './dom';
import { stage, t } from './i18n';

/** A search hit; read loosely, as the search's summary shape is the public read model's. */
export interface Summary {
  transactionId: string;
  domain?: string | null;
  region?: string | null;
  regionCode?: string;
  stage?: string;
  title?: string | null;
  publisher?: string | { name: string } | null;
}
const publisherName = (p: Summary['publisher']) => (typeof p === 'string' ? p : (p?.name ?? ''));

/** Search hits, each linking to `${href}<transactionId>`. */
export function transactionsTable(items: Summary[], href: string, testId: string): HTMLElement {
  return table(
    [t('transactionId'), t('subject'), t('domain'), t('region'), t('stage'), t('publisher')],
    items.map((s) => [
      link(`${href}${encodeURIComponent(s.transactionId)}`, s.transactionId),
      s.title ?? '',
      s.domain ?? '',
      s.region ?? s.regionCode ?? '',
      stage(s.stage ?? ''),
      publisherName(s.publisher),
    ]),
    { 'data-testid': testId },
  );
}
