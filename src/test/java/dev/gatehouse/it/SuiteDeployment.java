package dev.gatehouse.it;

import java.io.File;
import org.eu.ingwar.tools.arquillian.extension.suite.annotations.ArquillianSuiteDeployment;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The one deployment every integration test shares: the real {@code target/gatehouse.war},
 * deployed once on a managed Payara Micro at context root {@code /} (as {@code ROOT.war}), against
 * the test PostgreSQL database whose schema is wiped first. The signing key and the bootstrap
 * admin's password are made fresh for each run, never stored in the repository. The SMTP server
 * the deployment sends to ({@link MailServer}) is up before it boots.
 */
@ArquillianSuiteDeployment
public final class SuiteDeployment {

    private SuiteDeployment() {
    }

    /** Prepares database and secrets, then hands Arquillian the built WAR. */
    @Deployment(testable = false)
    public static WebArchive deployment() {
        TestDatabase.wipe();
        TestSecrets.create();
        MailServer.start();
        File war = new File(System.getProperty("gatehouse.war", "target/gatehouse.war"));
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(war).as(WebArchive.class);
    }
}
