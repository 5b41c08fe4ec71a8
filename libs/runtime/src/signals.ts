import { handleExitSignals } from './exit-signals';

/**
 * Imported first by a service's main.ts (`import '@hoptrace/runtime/signals'`): SIGTERM and SIGINT
 * are handled from that moment on, before Nest, OpenTelemetry and the rest take their seconds to
 * load. In a container node is often PID 1 (`CMD ["node", ...]`, under Docker as under Kubernetes),
 * and the kernel never applies a signal's default action to PID 1, so a signal that arrived while
 * the service was still loading was ignored, and the service killed after the grace period. Until
 * the app exists a signal exits at once; `exitOnSignals` then hands it to the app's close.
 */
handleExitSignals();
