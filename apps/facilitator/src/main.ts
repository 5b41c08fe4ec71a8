// Telemetry first: it must patch modules before anything else loads them.
import './instrument';
import { SERVICES } from '@hoptrace/contracts';
import { bootstrapService, loadConfig } from '@hoptrace/runtime';
import { FacilitatorModule } from './facilitator.module';

const config = loadConfig(3004);

void bootstrapService({ name: SERVICES.facilitator, module: FacilitatorModule, config });
