// Telemetry first: it must patch modules before anything else loads them.
import './instrument';
import { SERVICES } from '@hoptrace/contracts';
import { bootstrapService, loadConfig } from '@hoptrace/runtime';
import { loadGatewaySecrets } from './cards/gateway-secrets';
import { configureHttp } from './http/configure-http';
import { GatewayModule } from './gateway.module';

// Read before anything starts: in production a missing secret (CARD_VAULT_KEY, API_KEYS) throws here
// and the gateway does not start.
const config = loadConfig(3000);
const secrets = loadGatewaySecrets(process.env);

void bootstrapService({
  name: SERVICES.gateway,
  module: GatewayModule.register(secrets),
  config,
  bodyParser: false,
  configure: configureHttp,
});
