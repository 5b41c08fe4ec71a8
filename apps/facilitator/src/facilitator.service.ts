import { SERVICES } from '@hoptrace/contracts';
import type { ServiceDefinition } from '@hoptrace/runtime';
import { FacilitatorModule } from './facilitator.module';
import { facilitatorSettings, type FacilitatorSettings } from './facilitator.settings';

export const facilitator: ServiceDefinition<FacilitatorSettings> = {
  name: SERVICES.facilitator,
  settings: facilitatorSettings,
  module: FacilitatorModule,
};
