// Signals first: handled while the rest loads (see libs/runtime/src/signals.ts). Then telemetry: it must patch
// modules before anything else loads them.
import '@hoptrace/runtime/signals';
import './instrument';
import { runService } from '@hoptrace/runtime';
import { facilitator } from './facilitator.service';

void runService(facilitator);
