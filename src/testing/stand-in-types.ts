import type { IncomingHttpHeaders } from 'node:http';

/** The parsed JSON of a chat completion request, as the client sent it. */
export interface StandInRequestBody {
  model?: string;
  messages?: unknown[];
  n?: number;
  seed?: number;
  temperature?: number;
  max_tokens?: number;
  logprobs?: boolean;
  top_logprobs?: number;
  [key: string]: unknown;
}

/** What a handler sees: the body, the request's 0-based arrival index and its headers. */
export interface StandInRequest {
  body: StandInRequestBody;
  index: number;
  headers: IncomingHttpHeaders;
}

export interface StandInTokenLogprob {
  token: string;
  logprob: number;
  /** Alternatives; the stand-in sends as many as the request's top_logprobs asks. */
  top?: { token: string; logprob: number }[];
}

/** A well-formed completion. */
export interface StandInReply {
  /** One text for every choice, or texts cycled through choice by choice ([] gives a reply with no choices). */
  reply: string | readonly string[];
  /**
   * How many choices: 'honour' (default) the request's n; 'ignore' one, like servers that do not
   * implement n; a number, exactly that many.
   */
  n?: 'honour' | 'ignore' | number;
  /** Sent on every choice when the request asked for logprobs. */
  logprobs?: readonly StandInTokenLogprob[];
  /** Default 'stop'. */
  finishReason?: string;
  /** Default: about 4 characters a token, over the messages' text and the choices. */
  usage?: { prompt_tokens: number; completion_tokens: number };
  delayMs?: number;
}

/** An HTTP error; the body defaults to an OpenAI-style `{error: {message}}`. */
export interface StandInHttpError {
  error: number;
  headers?: Record<string, string>;
  body?: string | object;
  delayMs?: number;
}

/** Any body at all (invalid JSON, HTML), status 200 and application/json unless told. */
export interface StandInRaw {
  raw: string;
  status?: number;
  contentType?: string;
  delayMs?: number;
}

/** Never answer; the request ends when the client gives up or the stand-in closes. */
export interface StandInHang {
  hang: true;
}

/** Drop the connection without a response. */
export interface StandInDestroy {
  destroy: true;
  delayMs?: number;
}

/** A bare string is shorthand for `{ reply: string }`. */
export type StandInResponse =
  string | StandInReply | StandInHttpError | StandInRaw | StandInHang | StandInDestroy;

export type StandInHandler = (request: StandInRequest) => StandInResponse | Promise<StandInResponse>;

export interface StandInOptions {
  /** A handler per request, or a list consumed in arrival order (past its end: HTTP 500 saying so). */
  respond: StandInHandler | readonly StandInResponse[];
  /**
   * Service time of every chat request (benchmarks), from its arrival, or from getting a capacity slot when
   * it had to wait for one; reading and parsing the request happen within it. Default 0.
   */
  delayMs?: number;
  /** Most chat requests served at once; the rest wait in arrival order. Default unlimited. */
  capacity?: number;
  /** Keep each request's parsed body and headers in the log. Off by default: bodies can be megabytes. */
  recordBodies?: boolean;
  /** Listed by GET /v1/models and used when a request names none. Default 'stand-in'. */
  model?: string;
}

/** One chat request as logged. */
export interface StandInLogEntry {
  index: number;
  /** Size of the request body. */
  bytes: number;
  model: string | undefined;
  n: number | undefined;
  seed: number | undefined;
  /** Only with `recordBodies`. */
  body?: StandInRequestBody;
  headers?: IncomingHttpHeaders;
}

export interface StandIn {
  /** e.g. 'http://127.0.0.1:39215/v1': give it to a backend as its baseURL. */
  readonly baseURL: string;
  readonly port: number;
  /** Chat requests received (with a JSON body), in arrival order. */
  readonly requests: readonly StandInLogEntry[];
  /** Chat requests open now (queued or being served). */
  readonly inFlight: number;
  /** Most chat requests open at once: what the clients' concurrency looked like from here. */
  readonly inFlightMax: number;
  /** Most chat requests served at once (never above `capacity`). */
  readonly servingMax: number;
  /** Stops listening and drops open connections (hanging requests end). */
  close(): Promise<void>;
}
