package hu.autoinvoice.observability;

import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.helpers.ThreadLocalMapOfStacks;
import org.slf4j.spi.MDCAdapter;

/**
 * The MDC of {@link JsonLogProvider}: one map per thread, NOT inherited by threads it starts (as log4j2's default) —
 * {@link LogContext#carried} hands the entries over explicitly.
 */
final class ThreadLocalMdcAdapter implements MDCAdapter {

    private final ThreadLocal<Map<String, String>> entries = new ThreadLocal<>();
    private final ThreadLocalMapOfStacks stacks = new ThreadLocalMapOfStacks();

    @Override
    public void put(String key, String val) {
        if (key == null) {
            throw new IllegalArgumentException("key cannot be null");
        }
        Map<String, String> map = entries.get();
        if (map == null) {
            map = new HashMap<>();
            entries.set(map);
        }
        map.put(key, val);
    }

    @Override
    public String get(String key) {
        Map<String, String> map = entries.get();
        return map == null || key == null ? null : map.get(key);
    }

    @Override
    public void remove(String key) {
        Map<String, String> map = entries.get();
        if (map != null) {
            map.remove(key);
            if (map.isEmpty()) {
                entries.remove();
            }
        }
    }

    @Override
    public void clear() {
        entries.remove();
    }

    @Override
    public Map<String, String> getCopyOfContextMap() {
        Map<String, String> map = entries.get();
        return map == null ? new HashMap<>() : new HashMap<>(map);
    }

    @Override
    public void setContextMap(Map<String, String> contextMap) {
        if (contextMap == null || contextMap.isEmpty()) {
            entries.remove();
        } else {
            entries.set(new HashMap<>(contextMap));
        }
    }

    @Override
    public void pushByKey(String key, String value) {
        stacks.pushByKey(key, value);
    }

    @Override
    public String popByKey(String key) {
        return stacks.popByKey(key);
    }

    @Override
    public Deque<String> getCopyOfDequeByKey(String key) {
        return stacks.getCopyOfDequeByKey(key);
    }

    @Override
    public void clearDequeByKey(String key) {
        stacks.clearDequeByKey(key);
    }
}
