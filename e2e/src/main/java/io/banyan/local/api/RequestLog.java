package io.banyan.local.api;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The embedded API server's request log: every request it answers, classified the way the API
 * server's audit log does (verb and resource), with the client's user agent so the operator's
 * requests can be told from the kubelet's. It wraps the dispatcher that answers, so it sees exactly
 * what reached the server — watches once, when they are opened.
 *
 * <p>Bounded: the newest {@value #CAPACITY} requests are kept (local mode runs for hours).
 * Thread-safe: the server dispatches on several threads while tests read.
 */
public final class RequestLog extends Dispatcher {
  static final int CAPACITY = 100_000;

  /**
   * One request.
   *
   * @param nanos {@link System#nanoTime()} when it arrived
   * @param userAgent the {@code User-Agent} header, empty when absent
   * @param verb get, list, watch, create, update, patch, delete or deletecollection
   * @param resource plural resource name with its subresource, e.g. {@code pods}, {@code
   *     storeclusters/status}
   * @param path the request path, query included
   * @param code the response's status code (101 for a watch over a WebSocket)
   */
  public record Entry(
      long nanos, String userAgent, String verb, String resource, String path, int code) {
    /** {@code verb resource}, e.g. {@code patch pods}: how the summaries group requests. */
    public String key() {
      return verb + " " + resource;
    }

    /** True for a request that changes something (not get, list or watch). */
    public boolean isWrite() {
      return !verb.equals("get") && !verb.equals("list") && !verb.equals("watch");
    }
  }

  private final Dispatcher delegate;
  private final Deque<Entry> entries = new ArrayDeque<>();

  public RequestLog(Dispatcher delegate) {
    this.delegate = delegate;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    long arrived = System.nanoTime();
    MockResponse response = delegate.dispatch(request);
    record(arrived, request, response.code());
    return response;
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  private void record(long arrived, RecordedRequest request, int code) {
    String path = request.getPath() == null ? "" : request.getPath();
    String agent = request.getHeader("User-Agent");
    Entry e =
        new Entry(
            arrived,
            agent == null ? "" : agent,
            verb(request.getMethod(), path),
            resource(path),
            path,
            code);
    synchronized (entries) {
      if (entries.size() == CAPACITY) {
        entries.removeFirst();
      }
      entries.addLast(e);
    }
  }

  /** Every request kept that matches {@code filter}. */
  public List<Entry> matching(Predicate<Entry> filter) {
    synchronized (entries) {
      return entries.stream().filter(filter).toList();
    }
  }

  /** The requests that arrived at or after {@code sinceNanos} and match {@code filter}. */
  public List<Entry> since(long sinceNanos, Predicate<Entry> filter) {
    synchronized (entries) {
      return entries.stream().filter(e -> e.nanos() - sinceNanos >= 0).filter(filter).toList();
    }
  }

  /** The requests in [{@code fromNanos}, {@code toNanos}) that match {@code filter}. */
  public List<Entry> between(long fromNanos, long toNanos, Predicate<Entry> filter) {
    return since(fromNanos, e -> e.nanos() - toNanos < 0 && filter.test(e));
  }

  /** Requests per {@link Entry#key()}, sorted by key: the numbers a report prints. */
  public static Map<String, Long> countByKey(List<Entry> entries) {
    return entries.stream()
        .collect(Collectors.groupingBy(Entry::key, TreeMap::new, Collectors.counting()));
  }

  /** The user agents seen so far, for a test that must name the operator's. */
  public List<String> userAgents() {
    synchronized (entries) {
      return new ArrayList<>(entries.stream().map(Entry::userAgent).distinct().sorted().toList());
    }
  }

  /** The audit-log verb of a request: GET splits into get, list and watch by path and query. */
  static String verb(String method, String path) {
    int q = path.indexOf('?');
    String query = q < 0 ? "" : path.substring(q + 1);
    boolean named = rest(path).size() >= 2;
    return switch (method) {
      case "GET" ->
          query.matches("(^|.*&)watch=(true|1)(&.*|$)") ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> method.toLowerCase(java.util.Locale.ROOT);
    };
  }

  /**
   * The resource a path names: {@code /api/v1/namespaces/ns/pods/p/status} → {@code pods/status};
   * {@code /apis/policy/v1/namespaces/ns/poddisruptionbudgets} → {@code poddisruptionbudgets}.
   */
  static String resource(String path) {
    List<String> rest = rest(path);
    if (rest.isEmpty()) {
      return "discovery";
    }
    return rest.size() >= 3 ? rest.get(0) + "/" + rest.get(2) : rest.get(0);
  }

  /**
   * The path after its group/version prefix ({@code api/v1} or {@code apis/<group>/<version>}) and
   * namespace ({@code namespaces/<ns>}), without the query: {@code [resource]} for a collection,
   * {@code [resource, name]} or {@code [resource, name, subresource]} for one object.
   */
  private static List<String> rest(String path) {
    int q = path.indexOf('?');
    List<String> s = new ArrayList<>();
    for (String part : (q < 0 ? path : path.substring(0, q)).split("/")) {
      if (!part.isEmpty()) {
        s.add(part);
      }
    }
    int prefix = !s.isEmpty() && s.get(0).equals("api") ? 2 : 3;
    if (s.size() <= prefix) {
      return List.of();
    }
    List<String> rest = s.subList(prefix, s.size());
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      rest = rest.subList(2, rest.size());
    }
    return rest;
  }
}
