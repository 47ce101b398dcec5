package io.mailfleet.mta.delivery;

import java.util.List;

/** What DNS said about a domain's mail exchangers (a failed lookup is an exception instead). */
sealed interface MxAnswer permits MxAnswer.Exchangers, MxAnswer.NoSuchDomain {

  /** The domain exists; its MX records, possibly none (then its own address is the exchanger). */
  record Exchangers(List<MxRecord> records) implements MxAnswer {
    public Exchangers {
      records = List.copyOf(records);
    }
  }

  /** NXDOMAIN: the domain does not exist. */
  record NoSuchDomain() implements MxAnswer {}
}
