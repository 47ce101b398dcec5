-- Argo CD health of a mailfleet.io resource (MailCluster, DeliveryTier, SendingIpPool) from the
-- conditions the operator writes: Ready, Progressing and Degraded, each with observedGeneration.
-- Register it for each kind under resource.customizations.health.mailfleet.io_<Kind> (docs/argocd.md).

local function condition(conditions, type)
  for _, c in ipairs(conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local function holds(c)
  return c ~= nil and c.status == "True"
end

local function describe(c)
  if c.message ~= nil and c.message ~= "" then
    return c.reason .. ": " .. c.message
  end
  return c.reason
end

local function health(status, message)
  return { status = status, message = message }
end

local status = obj.status
if status == nil or status.observedGeneration == nil then
  return health("Progressing", "Waiting for the operator to report status")
end

local generation = obj.metadata.generation
if generation ~= nil and status.observedGeneration < generation then
  return health("Progressing", "Waiting for the operator to observe generation " .. generation
    .. " (status is of generation " .. status.observedGeneration .. ")")
end

local conditions = status.conditions or {}
local degraded = condition(conditions, "Degraded")
if holds(degraded) then
  return health("Degraded", describe(degraded))
end

local ready = condition(conditions, "Ready")
if ready == nil then
  return health("Progressing", "Waiting for the Ready condition")
end
if not holds(ready) then
  -- Not ready and nothing the user must fix (that would be Degraded): pods or addresses on their way.
  return health("Progressing", describe(ready))
end

local progressing = condition(conditions, "Progressing")
if holds(progressing) then
  return health("Progressing", describe(progressing))
end
return health("Healthy", describe(ready))
