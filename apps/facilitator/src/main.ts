// Telemetry first: it must patch modules before anything else loads them.
import './instrument';
import { runService } from '@hoptrace/runtime';
import { facilitator } from './facilitator.service';

void runService(facilitator);
