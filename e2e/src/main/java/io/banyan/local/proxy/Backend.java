package io.banyan.local.proxy;

/** One ready pod a Service forwards to: {@code pod} is {@code namespace/name}. */
record Backend(String pod, String host, int port) {}
