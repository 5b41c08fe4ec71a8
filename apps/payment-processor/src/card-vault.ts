import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { AuthorizationRequest, CardDetails, CardPaymentDetails, SealedCard } from '@hoptrace/contracts';
import { SETTINGS, type SecretKey } from '@hoptrace/runtime';
import { openCard, type CardProfile } from '@hoptrace/payments';
import type { ProcessorSettings } from './processor.settings';

/**
 * The one place the processor sees a card number: a sealed card is opened here, only to decide on
 * it, and the number and CVC go no further than this call (not into the ledger, a span or a log).
 * A card that does not open (another key than the gateway's, or altered on the way) is an error of
 * the system, not a decline.
 */
@Injectable()
export class CardVault implements OnApplicationBootstrap {
  private readonly logger = new Logger(CardVault.name);

  private readonly vault: SecretKey;

  constructor(@Inject(SETTINGS) settings: ProcessorSettings) {
    this.vault = settings.cardVaultKey;
  }

  onApplicationBootstrap(): void {
    if (this.vault.development) {
      this.logger.warn({ msg: 'CARD_VAULT_KEY is not set: cards are opened with the public development key. Set it outside development.' });
    }
  }

  /** A raw card the gateway sealed for `chargeId`, opened to be decided on. */
  open(card: SealedCard, chargeId: string): CardDetails {
    try {
      return openCard(card, this.vault.key, chargeId);
    } catch {
      throw new Error(`the card of ${chargeId} does not open: CARD_VAULT_KEY differs from the gateway's, or the card was altered`);
    }
  }

  /** The card as the charge shows it: the processor's profile, and the expiry a raw card came with. */
  details(request: AuthorizationRequest, profile: CardProfile): CardPaymentDetails {
    const { brand, last4, funding } = profile;
    const expiry = request.card ? { exp_month: request.card.exp_month, exp_year: request.card.exp_year } : {};
    return { type: 'card', card: { brand, last4, funding, ...expiry } };
  }
}
