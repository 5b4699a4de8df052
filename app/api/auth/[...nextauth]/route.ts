import { handlers } from "@/lib/oauth/nextauth";

export const { GET, POST } = handlers;
