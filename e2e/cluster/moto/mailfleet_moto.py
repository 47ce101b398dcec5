"""mailfleet's AWS emulator: moto's server, plus the Elastic IP behaviours of AWS that moto lacks.

Started by e2e/cluster/aws.sh with the python of moto's virtualenv and moto_server's arguments
(-H HOST -p PORT). It patches moto's own EC2 model and responses, then runs moto's server entry
point, so every other service and call is plain moto. What it adds (see docs/local-cluster.md):

- ModifyAddressAttribute, ResetAddressAttribute and a DescribeAddressesAttribute that shows the
  reverse DNS (PTR) record of an address and its pending update, with AWS's shapes and errors.
- ReleaseAddress of an associated address fails with InvalidIPAddress.InUse, as on AWS (moto
  disassociates it silently).
- AllocateAddress fails with AddressLimitExceeded past the Elastic IP quota of the account's
  region (AWS's default: 5; moto has none).

Settings (environment, read at start):
  MAILFLEET_MOTO_EIP_LIMIT          addresses per account and region (default 5, as AWS)
  MAILFLEET_MOTO_PTR_DELAY_SECONDS  how long a PTR update stays PENDING (default 1)
"""

import os
import re
import sys
import time
from dataclasses import dataclass

import moto.server
from moto.core.responses import ActionResult
from moto.ec2.exceptions import (
    EC2ClientError,
    InvalidAllocationIdError,
    MissingParameterError,
)
from moto.ec2.models.elastic_ip_addresses import ElasticAddress, ElasticAddressBackend
from moto.ec2.responses import EC2Response

DOMAIN_NAME_ATTRIBUTE = "domain-name"
PENDING = "PENDING"
FAILED = "FAILED"
# RFC 6761 reserves .invalid: a PTR there stands for a name whose forward record does not point
# at the address, which makes AWS refuse the update after a while.
UNRESOLVABLE_SUFFIX = ".invalid."
LABEL = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
ALLOCATION_ID = re.compile(r"^eipalloc-[0-9a-f]+$")


@dataclass(frozen=True)
class Settings:
    """The emulator's knobs, from the environment."""

    address_limit: int
    ptr_delay_seconds: float

    @staticmethod
    def from_env(env: dict) -> "Settings":
        return Settings(
            address_limit=int(env.get("MAILFLEET_MOTO_EIP_LIMIT", "5")),
            ptr_delay_seconds=float(env.get("MAILFLEET_MOTO_PTR_DELAY_SECONDS", "1")),
        )


@dataclass(frozen=True)
class PtrUpdate:
    """A requested change of an address's PTR record; value None is a reset."""

    value: str | None
    requested_at: float
    failure: str | None = None


@dataclass(frozen=True)
class ReverseDns:
    """The PTR record of one address and the update AWS is applying to it, if any."""

    record: str | None = None
    update: PtrUpdate | None = None

    def settled(self, now: float, delay: float) -> "ReverseDns":
        """The state once `now` is reached: an update older than `delay` is applied or failed."""
        update = self.update
        if update is None or update.failure or now - update.requested_at < delay:
            return self
        if update.value is not None and update.value.endswith(UNRESOLVABLE_SUFFIX):
            reason = (
                f"The forward DNS record of {update.value} does not resolve to the address"
            )
            return ReverseDns(self.record, PtrUpdate(update.value, update.requested_at, reason))
        return ReverseDns(update.value, None)

    def is_empty(self) -> bool:
        return self.record is None and self.update is None


def reverse_dns(address: ElasticAddress) -> ReverseDns:
    """The address's PTR state now, applying what its delay has let through."""
    current = getattr(address, "mailfleet_reverse_dns", ReverseDns())
    settled = current.settled(time.time(), SETTINGS.ptr_delay_seconds)
    address.mailfleet_reverse_dns = settled
    return settled


def address_attribute(address: ElasticAddress) -> dict:
    """AWS's AddressAttribute shape for the address's PTR state."""
    state = reverse_dns(address)
    attribute = {"PublicIp": address.public_ip, "AllocationId": address.allocation_id}
    if state.record is not None:
        attribute["PtrRecord"] = state.record
    if state.update is not None:
        update = {"Status": FAILED if state.update.failure else PENDING}
        if state.update.value is not None:
            update["Value"] = state.update.value
        if state.update.failure:
            update["Reason"] = state.update.failure
        attribute["PtrRecordUpdate"] = update
    return attribute


def fully_qualified(domain_name: str) -> str:
    """The name as AWS stores a PTR: with its trailing dot; refuses what is not a host name."""
    name = domain_name[:-1] if domain_name.endswith(".") else domain_name
    labels = name.split(".")
    if len(name) > 253 or len(labels) < 2 or not all(LABEL.match(label) for label in labels):
        raise EC2ClientError(
            "InvalidParameterValue",
            f"Value ({domain_name}) for parameter domainName is invalid. "
            "It must be a fully qualified host name.",
        )
    return name + "."


def require_domain_name_attribute(attribute: str | None, required: bool) -> None:
    if attribute is None and not required:
        return
    if attribute is None:
        raise MissingParameterError("Attribute")
    if attribute != DOMAIN_NAME_ATTRIBUTE:
        raise EC2ClientError(
            "InvalidParameterValue",
            f"Value ({attribute}) for parameter attribute is invalid. "
            f"Valid values: {DOMAIN_NAME_ATTRIBUTE}",
        )


def addresses_by_allocation(backend: ElasticAddressBackend, ids: list[str]) -> list:
    """The addresses of these allocation IDs, failing like AWS on a malformed or unknown one."""
    for allocation_id in ids:
        if not ALLOCATION_ID.match(allocation_id):
            raise EC2ClientError(
                "InvalidAllocationID.Malformed",
                f'Invalid id: "{allocation_id}" (expecting "eipalloc-...")',
            )
    found = {a.allocation_id: a for a in backend.addresses if a.allocation_id in ids}
    missing = [allocation_id for allocation_id in ids if allocation_id not in found]
    if missing:
        raise InvalidAllocationIdError(missing[0])
    return [found[allocation_id] for allocation_id in ids]


def request_ptr(address: ElasticAddress, value: str | None) -> None:
    """Starts a PTR update (value None: back to no record), PENDING for the configured delay."""
    state = reverse_dns(address)
    address.mailfleet_reverse_dns = ReverseDns(state.record, PtrUpdate(value, time.time()))


# --- EC2 responses: the calls moto does not implement -------------------------------------------


def modify_address_attribute(self: EC2Response) -> ActionResult:
    allocation_id = self._get_param("AllocationId")
    domain_name = self._get_param("DomainName")
    if not allocation_id:
        raise MissingParameterError("AllocationId")
    if not domain_name:
        raise MissingParameterError("DomainName")
    value = fully_qualified(domain_name)
    (address,) = addresses_by_allocation(self.ec2_backend, [allocation_id])
    self.error_on_dryrun()
    request_ptr(address, value)
    return ActionResult({"Address": address_attribute(address)})


def reset_address_attribute(self: EC2Response) -> ActionResult:
    allocation_id = self._get_param("AllocationId")
    if not allocation_id:
        raise MissingParameterError("AllocationId")
    require_domain_name_attribute(self._get_param("Attribute"), required=True)
    (address,) = addresses_by_allocation(self.ec2_backend, [allocation_id])
    self.error_on_dryrun()
    request_ptr(address, None)
    return ActionResult({"Address": address_attribute(address)})


def describe_addresses_attribute(self: EC2Response) -> ActionResult:
    """Addresses with a PTR record or a pending update; like AWS, others are left out."""
    require_domain_name_attribute(self._get_param("Attribute"), required=False)
    allocation_ids = self._get_param("AllocationIds", [])
    self.error_on_dryrun()
    if allocation_ids:
        candidates = addresses_by_allocation(self.ec2_backend, allocation_ids)
    else:
        candidates = [a for a in self.ec2_backend.addresses if a.allocation_id]
    shown = [a for a in candidates if not reverse_dns(a).is_empty()]
    return ActionResult({"Addresses": [address_attribute(a) for a in shown]})


# --- EC2 backend: where moto is more lenient than AWS -------------------------------------------

moto_allocate_address = ElasticAddressBackend.allocate_address
moto_release_address = ElasticAddressBackend.release_address


def allocate_address(self: ElasticAddressBackend, domain: str, *args, **kwargs):
    """AWS counts every allocated address of the region against the account's quota."""
    if len(self.addresses) >= SETTINGS.address_limit:
        raise EC2ClientError(
            "AddressLimitExceeded", "The maximum number of addresses has been reached."
        )
    return moto_allocate_address(self, domain, *args, **kwargs)


def release_address(self: ElasticAddressBackend, address=None, allocation_id=None) -> None:
    """AWS refuses to release an address that is still associated; it must be disassociated."""
    if address:
        eip = self.address_by_ip([address])[0]
    elif allocation_id:
        eip = self.address_by_allocation([allocation_id])[0]
    else:
        eip = None
    if eip is not None and (eip.association_id or eip.eni or eip.instance):
        raise EC2ClientError(
            "InvalidIPAddress.InUse",
            f"Address {eip.public_ip} ({eip.allocation_id}) is in use by association "
            f"{eip.association_id}: disassociate it first.",
        )
    moto_release_address(self, address=address, allocation_id=allocation_id)


def install(env: dict) -> None:
    """Patches moto's EC2 model and responses in this process."""
    global SETTINGS
    SETTINGS = Settings.from_env(env)
    EC2Response.modify_address_attribute = modify_address_attribute
    EC2Response.reset_address_attribute = reset_address_attribute
    EC2Response.describe_addresses_attribute = describe_addresses_attribute
    ElasticAddressBackend.allocate_address = allocate_address
    ElasticAddressBackend.release_address = release_address


SETTINGS = Settings.from_env({})

if __name__ == "__main__":
    install(dict(os.environ))
    sys.exit(moto.server.main(sys.argv[1:]))
