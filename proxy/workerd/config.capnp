# A sample workerd configuration for the rever-returns proxy (see README, "The proxy on Workers").
# Build the worker first: `npm run build:worker` writes dist/worker/worker.js next to nothing
# else it needs. Then, with the secrets in the environment:
#
#   REVER_API_KEY=... SESSION_SECRET=... npx workerd serve proxy/workerd/config.capnp
#
# On Cloudflare itself, deploy dist/worker/worker.js with wrangler and set the same bindings:
# REVER_API_URL and ALLOWED_ORIGINS as variables, REVER_API_KEY and SESSION_SECRET as secrets,
# TRUST_PROXY_HEADER = "cf-connecting-ip" as a variable (Cloudflare always sets it).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "proxy", worker = .proxyWorker),
    # The worker's fetch() to REVER. Public addresses only in production; a REVER on this
    # machine (the embedded mock) needs "private" and "local" too, as the tests' config has.
    (name = "internet", network = (allow = ["public"], tlsOptions = (trustBrowserCas = true))),
  ],
  sockets = [(name = "http", address = "*:8787", http = (), service = "proxy")],
);

const proxyWorker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "../../dist/worker/worker.js")],
  compatibilityDate = "2026-11-01",
  bindings = [
    (name = "REVER_API_URL", text = "https://rever.example/storefront"),  # REVER's base URL for your account
    (name = "ALLOWED_ORIGINS", text = "https://shop.example"),
    (name = "REVER_API_KEY", fromEnvironment = "REVER_API_KEY"),
    (name = "SESSION_SECRET", fromEnvironment = "SESSION_SECRET"),
  ],
);
