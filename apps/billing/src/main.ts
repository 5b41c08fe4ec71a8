// Telemetry first: it must patch modules before anything else loads them.
import './instrument';
import { runService } from '@hoptrace/runtime';
import { billing } from './billing.service';

void runService(billing);
