// Telemetry first: it must patch modules before anything else loads them.
import './instrument';
import { SERVICES } from '@hoptrace/contracts';
import { bootstrapService, loadConfig } from '@hoptrace/runtime';
import { configureHttp } from './http/configure-http';
import { GatewayModule } from './gateway.module';

void bootstrapService({
  name: SERVICES.gateway,
  module: GatewayModule,
  config: loadConfig(3000),
  bodyParser: false,
  configure: configureHttp,
});
