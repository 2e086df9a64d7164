/** The cas-register model lives with the plain register, which it extends with cas. */
export { casRegisterModel } from './register.ts';
