package dev.gatehouse.it;

import java.net.URL;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of every HTTP integration test: Arquillian runs the shared {@link SuiteDeployment} once and
 * the test talks to it from outside through {@link Api}.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class ApiTestBase {

    @ArquillianResource
    URL deploymentUrl;

    /** Points {@link Api} at the running server. */
    @BeforeEach
    void connect() {
        Api.use(deploymentUrl);
    }
}
