// Telemetry first: it must patch modules before anything else loads them.
import './instrument';
import { runService } from '@hoptrace/runtime';
import { gateway } from './gateway.service';

void runService(gateway);
