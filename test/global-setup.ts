// Starts shared infrastructure for the suite (the Kafka broker joins here with the feeds issue).
export default async function globalSetup(): Promise<void> {}
