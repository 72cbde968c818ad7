package org.opentrove.guest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opentrove.contract.ServiceStatus;

class DatastoreStatusTest {
  private boolean accepts;
  private boolean alive;
  private final DatastoreStatus status =
      new DatastoreStatus(
          "PostgreSQL",
          new DatastoreStatus.Probe() {
            @Override
            public boolean acceptsConnections() {
              return accepts;
            }

            @Override
            public boolean processAlive() {
              return alive;
            }
          });

  @Test
  void isNewBeforePrepareAndBuildingDuringIt() {
    assertThat(status.report().serviceStatus()).isEqualTo(ServiceStatus.NEW);
    status.building();
    assertThat(status.report().serviceStatus()).isEqualTo(ServiceStatus.BUILDING);
  }

  @Test
  void failedCarriesTheMessage() {
    status.failed("prepare failed at step 'initdb': disk full");
    assertThat(status.report().serviceStatus()).isEqualTo(ServiceStatus.FAILED);
    assertThat(status.report().message()).isEqualTo("prepare failed at step 'initdb': disk full");
  }

  @Test
  void runningIsProbed() {
    status.running();
    accepts = true;
    assertThat(status.report().serviceStatus()).isEqualTo(ServiceStatus.HEALTHY);
    accepts = false;
    alive = true;
    assertThat(status.report().serviceStatus()).isEqualTo(ServiceStatus.UNKNOWN);
    alive = false;
    assertThat(status.report().serviceStatus()).isEqualTo(ServiceStatus.CRASHED);
  }

  @Test
  void stoppedOnPurposeIsShutdownNotCrashed() {
    status.running();
    status.stopped();
    assertThat(status.report().serviceStatus()).isEqualTo(ServiceStatus.SHUTDOWN);
  }

  @Test
  void duringAnOperationTheLastReportIsRepeated() {
    status.running();
    accepts = true;
    assertThat(status.report().serviceStatus()).isEqualTo(ServiceStatus.HEALTHY);
    status.operationStarted();
    accepts = false;
    assertThat(status.report().serviceStatus()).isEqualTo(ServiceStatus.HEALTHY);
    status.operationFinished();
    assertThat(status.report().serviceStatus()).isEqualTo(ServiceStatus.CRASHED);
  }
}
