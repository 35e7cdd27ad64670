// jest's global setup: resolve Fly's Machines API spec once per run, before the workers start (see
// prepareMachinesOpenApi), so parallel test files neither download it side by side nor each wait on the network.
import { prepareMachinesOpenApi } from './fly-spec.ts';

export default prepareMachinesOpenApi;
