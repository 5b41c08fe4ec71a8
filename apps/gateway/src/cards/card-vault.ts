import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { newId, type CardPaymentMethodDto, type SealedCard } from '@hoptrace/contracts';
import { sealCard } from '@hoptrace/payments';
import { GATEWAY_SECRETS, type GatewaySecrets } from './gateway-secrets';

/** How a charge is paid, past the gateway: a payment method id, and the sealed card when one was given raw. */
export interface PaymentMethodRef {
  payment_method: string;
  card?: SealedCard;
}

/**
 * The edge of card data. A raw card is sealed here, before anything leaves the request: billing,
 * the queues, Redis and the logs only ever see its summary and ciphertext. It gets a payment method
 * id of its own, as Stripe gives one to card details sent with a payment.
 */
@Injectable()
export class CardVault implements OnApplicationBootstrap {
  private readonly logger = new Logger(CardVault.name);

  constructor(@Inject(GATEWAY_SECRETS) private readonly secrets: GatewaySecrets) {}

  onApplicationBootstrap(): void {
    if (this.secrets.developmentCardVaultKey) {
      this.logger.warn({ msg: 'CARD_VAULT_KEY is not set: cards are sealed with the public development key. Set it outside development.' });
    }
  }

  paymentMethod(given: string | CardPaymentMethodDto, chargeId: string): PaymentMethodRef {
    if (typeof given === 'string') return { payment_method: given };
    return { payment_method: newId('pm'), card: sealCard(given.card, this.secrets.cardVaultKey, chargeId) };
  }
}
