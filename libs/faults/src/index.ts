export * from './faults';
export * from './processor-fault';
export * from './fault-store';
export * from './faults.module';
export * from './processor-failure';
export * from './hold';
