// `node --import ./test/helpers/trace-loads-register.mjs ...`: records every module the process
// loads in the file $RAFTSIM_TRACE_LOADS (see trace-loads.mjs).
import { register } from 'node:module';

register('./trace-loads.mjs', import.meta.url,
  { data: { file: process.env.RAFTSIM_TRACE_LOADS } });
