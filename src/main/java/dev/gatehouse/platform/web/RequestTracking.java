package dev.gatehouse.platform.web;

import dev.gatehouse.platform.log.RequestId;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Gives every request its id as soon as the container hands it to the application, before the
 * authentication mechanism runs, and unbinds it from the thread when the request is over, even
 * when a filter or the mechanism answered it alone.
 */
@WebListener
public class RequestTracking implements ServletRequestListener {

    /** Assigns (or adopts) the request id. */
    @Override
    public void requestInitialized(ServletRequestEvent event) {
        if (event.getServletRequest() instanceof HttpServletRequest request) {
            RequestId.of(request);
        }
    }

    /** Unbinds the request id from the thread. */
    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        RequestId.clear();
    }
}
