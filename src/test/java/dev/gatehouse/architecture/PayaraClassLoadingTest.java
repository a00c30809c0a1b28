package dev.gatehouse.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The WAR's own libraries come before Payara's ({@code docs/architecture.md}). Payara's default is
 * the parent first: Gatehouse then runs Payara's copies of Nimbus JOSE+JWT, jboss-logging and
 * classmate instead of the versions in the pom, and Payara looks for every class of
 * {@code WEB-INF/lib} in each of its runtime jars before the WAR's (0.6–0.8 s of boot,
 * {@code docs/performance.md}). WildFly isolates deployments by itself and ignores the file.
 */
class PayaraClassLoadingTest {

    @Test
    void warLibrariesComeBeforePayaras() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        NodeList loaders = factory.newDocumentBuilder()
                .parse(Path.of("src/main/webapp/WEB-INF/glassfish-web.xml").toFile())
                .getElementsByTagName("class-loader");

        assertEquals(1, loaders.getLength(), "one <class-loader> in glassfish-web.xml");
        assertEquals("false", ((Element) loaders.item(0)).getAttribute("delegate"));
    }
}
