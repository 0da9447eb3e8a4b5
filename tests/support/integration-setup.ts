import { inject } from "vitest";

// Runs before each integration test file is imported, so the app's database
// client (created lazily) connects to this project's fresh database.
process.env.DATABASE_URL = inject("databaseUrl");
