import { describe, expect, it } from 'vitest'
import { errorFromResponse, isRetryable } from '../../src/cloud/errors.ts'
import { HighlightError } from '../../src/contract/errors.ts'

const JSON_TYPE = 'application/json;charset=utf-8'

describe('IMM and gateway error answers (imm-spec.md §6.4)', () => {
  it.each([
    // status, body, expected Code, Message, RequestId, retried
    [400, { RequestId: 'R1', HostId: 'imm.cn-hangzhou.aliyuncs.com', Code: 'InvalidArgument', Message: 'Output.URI is invalid', Recommend: 'https://next.api.aliyun.com/troubleshoot?q=InvalidArgument&product=imm' }, 'InvalidArgument', 'Output.URI is invalid', 'R1', false],
    [400, { RequestId: 'R2', Code: 'MissingProjectName', Message: 'ProjectName is mandatory for this action.' }, 'MissingProjectName', 'ProjectName is mandatory for this action.', 'R2', false],
    [400, { RequestId: 'R3', Code: 'InvalidJSON', Message: 'Array parsing error, Sources' }, 'InvalidJSON', 'Array parsing error, Sources', 'R3', false],
    [404, { RequestId: 'R4', Code: 'ResourceNotFound', Message: 'The specified resource project is not found.' }, 'ResourceNotFound', 'The specified resource project is not found.', 'R4', false],
    [400, { RequestId: 'R5', Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' }, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.', 'R5', false],
    [400, { RequestId: 'R6', Code: 'InvalidTimeStamp.Expired', Message: 'Specified time stamp or date value is expired.' }, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.', 'R6', false],
    [400, { RequestId: 'R7', Code: 'SignatureNonceUsed', Message: 'Specified signature nonce was used already.' }, 'SignatureNonceUsed', 'Specified signature nonce was used already.', 'R7', false],
    [403, { RequestId: 'R8', Code: 'Forbidden.RAM', Message: 'User not authorized to operate on the specified resource.' }, 'Forbidden.RAM', 'User not authorized to operate on the specified resource.', 'R8', false],
    [400, { RequestId: 'R9', Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' }, 'Throttling.User', 'Request was denied due to user flow control.', 'R9', true],
    [429, { RequestId: 'R10', Code: 'Throttling', Message: 'Too many requests' }, 'Throttling', 'Too many requests', 'R10', true],
    [500, { RequestId: 'R11', Code: 'InternalError', Message: 'The request processing has failed due to some unknown error.' }, 'InternalError', 'The request processing has failed due to some unknown error.', 'R11', true],
    [503, { RequestId: 'R12', Code: 'ServiceUnavailable', Message: 'The request has failed due to a temporary failure of the server.' }, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', 'R12', true],
    // lowercase keys, as the SDK also accepts
    [400, { requestId: 'r13', code: 'InvalidParameter.Type', message: 'bad type' }, 'InvalidParameter.Type', 'bad type', 'r13', false],
  ] as const)('HTTP %i %j', (status, body, code, message, requestId, retried) => {
    const err = errorFromResponse('CreateHighlightTask', status, JSON_TYPE, JSON.stringify(body))
    expect(err).toBeInstanceOf(HighlightError)
    expect(err.Code).toBe(code)
    expect(err.Message).toBe(message)
    expect(err.RequestId).toBe(requestId)
    expect(err.cause).toMatchObject({ Action: 'CreateHighlightTask', HttpStatus: status })
    expect(isRetryable(err)).toBe(retried)
  })

  it('keeps HostId and Recommend in the cause', () => {
    const err = errorFromResponse('GetTask', 400, JSON_TYPE, JSON.stringify({ Code: 'X', Message: 'm', HostId: 'h', Recommend: 'r' }))
    expect(err.cause).toEqual({ Action: 'GetTask', HttpStatus: 400, HostId: 'h', Recommend: 'r' })
  })

  it('reads the XML error form', () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>X1</RequestId><HostId>imm.cn-hangzhou.aliyuncs.com</HostId><Code>InvalidApi.NotFound</Code><Message>Specified api is not found</Message></Error>'
    const err = errorFromResponse('GetTask', 404, 'text/xml;charset=utf-8', xml)
    expect([err.Code, err.Message, err.RequestId]).toEqual(['InvalidApi.NotFound', 'Specified api is not found', 'X1'])
  })

  it.each([
    [502, '<html>Bad Gateway</html>', 'ServiceUnavailable', true],
    [500, '', 'InternalError', true],
    [400, 'not json', 'InvalidArgument', false],
    [418, '', 'InvalidArgument', false],
  ])('falls back on the HTTP status when the body says nothing (HTTP %i)', (status, text, code, retried) => {
    const err = errorFromResponse('GetTask', status, 'text/html', text)
    expect(err.Code).toBe(code)
    expect(err.Message).toContain(`HTTP ${status}`)
    expect(isRetryable(err)).toBe(retried)
  })
})
