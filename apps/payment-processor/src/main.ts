// Telemetry first: it must patch modules before anything else loads them.
import './instrument';
import { QUEUES, SERVICES } from '@hoptrace/contracts';
import { bootstrapService, CARD_VAULT_KEY, loadConfig, secretKey } from '@hoptrace/runtime';
import { ProcessorModule } from './processor.module';

// Read before anything starts: in production, without CARD_VAULT_KEY, this throws and the processor
// does not start.
const config = loadConfig(3002);
const cardVaultKey = secretKey(CARD_VAULT_KEY, process.env);

void bootstrapService({ name: SERVICES.processor, module: ProcessorModule.register(cardVaultKey), config, queue: QUEUES.processor });
