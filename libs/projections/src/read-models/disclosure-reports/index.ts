export * from './disclosure-reports.projection';
export * from './disclosure-reports.queries';
export * from './report-types';
