# A sample workerd configuration for the rever-returns proxy (see README, "Deploying the proxy").
# Build the worker first: `npm run build:worker` writes dist/worker/worker.js next to nothing
# else it needs. Then, with the secrets in the environment:
#
#   REVER_API_KEY=... SESSION_SECRET=... npx workerd serve proxy/workerd/config.capnp
#
# On Cloudflare itself, deploy dist/worker/worker.js with wrangler instead (the README shows the
# wrangler.toml): the same bindings, with TRUST_PROXY_HEADER = "cf-connecting-ip".
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "proxy", worker = .proxyWorker),
    # The worker's fetch() to REVER. Public addresses only: a REVER on this machine or your
    # network needs its own address here too, and nothing more (e.g. "10.0.0.5/32"), as
    # `npm run proxy:workerd` writes for a REVER_API_URL on loopback or a private address.
    (name = "internet", network = (allow = ["public"], tlsOptions = (trustBrowserCas = true))),
    # Where the rate-limit windows are kept (a directory workerd may write to).
    (name = "rate-limit-storage", disk = (path = "/var/lib/rever-returns/rate-limits", writable = true)),
  ],
  # Loopback only: shoppers reach the proxy through your HTTPS front (nginx, a load balancer),
  # which writes their address to the TRUST_PROXY_HEADER below. Never expose this socket itself:
  # a client reaching it directly could write any address in that header.
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "proxy")],
);

const proxyWorker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "../../dist/worker/worker.js")],
  compatibilityDate = "2026-11-01",
  bindings = [
    (name = "REVER_API_URL", text = "https://rever.example/storefront"),  # REVER's base URL for your account
    (name = "ALLOWED_ORIGINS", text = "https://shop.example"),
    (name = "REVER_API_KEY", fromEnvironment = "REVER_API_KEY"),
    (name = "SESSION_SECRET", fromEnvironment = "SESSION_SECRET"),
    # The header your front writes the client IP to (its last entry, for x-forwarded-for).
    # Without one, the worker counts per connection address: behind a front, that is the
    # front's, and every shopper shares ONE per-IP limit (the worker warns at its first request).
    (name = "TRUST_PROXY_HEADER", text = "x-forwarded-for"),
    # The rate limits, counted in one Durable Object per limit key, shared by every worker that
    # binds this namespace (proxy/durable-object-store.ts). Without it: per isolate, in memory.
    (name = "RATE_LIMITS", durableObjectNamespace = "RateLimitCounter"),
    (name = "RATE_LIMIT_STORE_FAILURE", text = "open"),
  ],
  durableObjectNamespaces = [
    (className = "RateLimitCounter", uniqueKey = "rever-returns-rate-limits"),
  ],
  durableObjectStorage = (localDisk = "rate-limit-storage"),
);
