package io.banyan.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Supplier;

/**
 * Direct access to the mock server's stored objects for the API behaviour the mock lacks (graceful
 * deletion, eviction, binding): reads, and writes that notify watchers exactly as the mock's own
 * writes do, all under the mock's own write lock so they are atomic with every other request. The
 * mock keeps that lock private; it is read once by reflection (fabric8 7.4's field {@code lock}).
 */
final class ObjectStore {
  static final ObjectMapper JSON = new ObjectMapper();

  private final ApiDispatcher dispatcher;
  private final Lock writeLock;

  ObjectStore(ApiDispatcher dispatcher) {
    this.dispatcher = dispatcher;
    try {
      Field f = KubernetesCrudDispatcher.class.getDeclaredField("lock");
      f.setAccessible(true);
      this.writeLock = ((ReadWriteLock) f.get(dispatcher)).writeLock();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this fabric8 mock server has no 'lock' field", e);
    }
  }

  /** Runs {@code op} holding the mock's write lock (re-entrant: mock handlers may be called). */
  <T> T write(Supplier<T> op) {
    writeLock.lock();
    try {
      return op.get();
    } finally {
      writeLock.unlock();
    }
  }

  /** The object at an object path (no query string), if stored. */
  Optional<ObjectNode> get(String path) {
    Map.Entry<AttributeSet, String> entry = dispatcher.findResource(dispatcher.getKey(path));
    return entry == null ? Optional.empty() : Optional.of((ObjectNode) parse(entry.getValue()));
  }

  /**
   * The items of a collection path, e.g. {@code /apis/policy/v1/namespaces/x/poddisruptionbudgets}.
   */
  List<ObjectNode> list(String collectionPath) {
    var response = dispatcher.handleGet(collectionPath);
    List<ObjectNode> items = new ArrayList<>();
    if (response.code() != HttpURLConnection.HTTP_OK) {
      return items;
    }
    JsonNode list = parse(response.getBody().readUtf8());
    list.path("items").forEach(i -> items.add((ObjectNode) i));
    return items;
  }

  /** Stores {@code updated} in place of the object at {@code path}, with a new resourceVersion. */
  ObjectNode put(String path, ObjectNode updated) {
    Map.Entry<AttributeSet, String> old = dispatcher.findResource(dispatcher.getKey(path));
    if (old == null) {
      throw new IllegalStateException("no object at " + path);
    }
    ((ObjectNode) updated.path("metadata"))
        .put("resourceVersion", String.valueOf(dispatcher.requestResourceVersion()));
    dispatcher.processEvent(path, dispatcher.getKey(path), old.getKey(), null, json(updated));
    return updated;
  }

  /** Removes the object; watchers get DELETED with {@code last} as its final state. */
  void remove(String path, ObjectNode last) {
    Map.Entry<AttributeSet, String> old = dispatcher.findResource(dispatcher.getKey(path));
    if (old == null) {
      return;
    }
    ((ObjectNode) last.path("metadata"))
        .put("resourceVersion", String.valueOf(dispatcher.requestResourceVersion()));
    dispatcher.storeRaw(old.getKey(), json(last));
    dispatcher.processEvent(path, dispatcher.getKey(path), old.getKey(), null, null);
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String json(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
