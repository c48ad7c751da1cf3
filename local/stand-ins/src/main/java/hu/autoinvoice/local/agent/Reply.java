package hu.autoinvoice.local.agent;

import java.util.List;
import java.util.Map;

/** An HTTP answer to write: status, headers (in order), content type and body. */
record Reply(int status, List<Map.Entry<String, String>> headers, String contentType, byte[] body) {

    Reply {
        headers = List.copyOf(headers);
    }
}
