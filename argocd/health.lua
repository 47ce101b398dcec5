-- Argo CD health of a mailfleet.io resource (MailCluster, DeliveryTier, SendingIpPool) from the
-- conditions the operator writes: Ready, Progressing and Degraded, each with observedGeneration.
-- Register it for each kind under resource.customizations.health.mailfleet.io_<Kind> (docs/argocd.md).
local hs = {}

local function condition(conditions, type)
  for _, c in ipairs(conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local function describe(c)
  if c.message ~= nil and c.message ~= "" then
    return c.reason .. ": " .. c.message
  end
  return c.reason
end

local status = obj.status
if status == nil or status.observedGeneration == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
  return hs
end

local generation = obj.metadata.generation
if generation ~= nil and status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
    .. " (status is of generation " .. status.observedGeneration .. ")"
  return hs
end

local conditions = status.conditions or {}
local degraded = condition(conditions, "Degraded")
if degraded ~= nil and degraded.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(degraded)
  return hs
end

local ready = condition(conditions, "Ready")
if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Ready condition"
  return hs
end
if ready.status ~= "True" then
  -- Not ready and nothing the user must fix (that would be Degraded): pods or addresses on their way.
  hs.status = "Progressing"
  hs.message = describe(ready)
  return hs
end

local progressing = condition(conditions, "Progressing")
if progressing ~= nil and progressing.status == "True" then
  hs.status = "Progressing"
  hs.message = describe(progressing)
  return hs
end

hs.status = "Healthy"
hs.message = describe(ready)
return hs
