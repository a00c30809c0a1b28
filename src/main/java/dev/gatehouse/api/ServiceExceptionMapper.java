package dev.gatehouse.api;

import dev.gatehouse.service.ServiceException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Turns a service's refusal into its problem document, with the headers it carries. */
@Provider
public class ServiceExceptionMapper implements ExceptionMapper<ServiceException> {

    /** The refusal's status, detail, field errors and headers, as they are. */
    @Override
    public Response toResponse(ServiceException e) {
        return response(e);
    }

    static Response response(ServiceException e) {
        return new Problem(e.status(), e.title(), e.detail(), e.errors()).toResponse(e.headers());
    }
}
