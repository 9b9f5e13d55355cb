import { useContext } from 'react';
import { ServicesContext, type Services } from '../services.js';

/** The workbench's services (host and stores). */
export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices must be used inside <ServicesContext.Provider>.');
  return services;
}
