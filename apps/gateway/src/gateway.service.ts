import { SERVICES } from '@hoptrace/contracts';
import type { ServiceDefinition } from '@hoptrace/runtime';
import { GatewayModule } from './gateway.module';
import { gatewaySettings, type GatewaySettings } from './gateway.settings';
import { configureHttp } from './http/configure-http';

export const gateway: ServiceDefinition<GatewaySettings> = {
  name: SERVICES.gateway,
  settings: gatewaySettings,
  module: GatewayModule,
  bodyParser: false,
  configure: configureHttp,
};
