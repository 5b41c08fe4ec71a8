import {
  decryptSecret,
  encryptSecret,
  summarizeCard,
  type CardDetails,
  type CardPaymentDetails,
  type SealedCard,
} from '@hoptrace/contracts';

/** The part of a card that is sealed: what must never be readable past the gateway. */
export type CardSecret = Pick<CardDetails, 'number' | 'cvc'>;

/**
 * What a sealed card is bound to: its charge and its summary. A sealed card copied onto another
 * charge, or with its expiry or last four digits changed on the way, does not open.
 */
const contextOf = (chargeId: string, card: Omit<SealedCard, 'sealed'>): string =>
  JSON.stringify(['card', chargeId, card.brand, card.last4, card.exp_month, card.exp_year]);

/**
 * The gateway's side: the card's summary in the clear and its number and CVC encrypted under the
 * card vault key (AES-256-GCM, see encryptSecret), which only the gateway and the processor hold.
 */
export function sealCard(card: CardDetails, key: Buffer, chargeId: string): SealedCard {
  const summary = summarizeCard(card);
  const secret: CardSecret = { number: card.number, cvc: card.cvc };
  return { ...summary, sealed: encryptSecret(JSON.stringify(secret), key, contextOf(chargeId, summary)) };
}

/** The processor's side: the card {@link sealCard} sealed for `chargeId`; throws if the key, charge or summary differ. */
export function openCard(card: SealedCard, key: Buffer, chargeId: string): CardDetails {
  const { sealed, ...summary } = card;
  const secret = JSON.parse(decryptSecret(sealed, key, contextOf(chargeId, summary))) as CardSecret;
  return { number: secret.number, cvc: secret.cvc, exp_month: card.exp_month, exp_year: card.exp_year };
}

/** What anyone but the processor may know of a sealed card: its summary, as a charge shows it. */
export const cardDetailsOf = ({ brand, last4, exp_month, exp_year }: SealedCard): CardPaymentDetails => ({
  type: 'card',
  card: { brand, last4, exp_month, exp_year },
});
